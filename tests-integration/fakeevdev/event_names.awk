# event_names.awk: turns linux/input-event-codes.h and linux/input.h into a C table of names.
# Each row is { class, "NAME", NAME }: the compiler evaluates the value, so aliases
# (#define KEY_HANGUEL KEY_HANGEUL) need no parsing here.
$1 == "#define" && $2 ~ /^[A-Z][A-Z0-9_]*$/ {
	name = $2
	if (name ~ /_(MAX|CNT|MIN)$/ || name == "EV_VERSION" || name == "FF_MAX_EFFECTS")
		next
	if (name ~ /^EV_/) class = "NAMES_TYPE"
	else if (name ~ /^SYN_/) class = "EV_SYN"
	else if (name ~ /^(KEY|BTN)_/) class = "EV_KEY"
	else if (name ~ /^REL_/) class = "EV_REL"
	else if (name ~ /^ABS_/) class = "EV_ABS"
	else if (name ~ /^SW_/) class = "EV_SW"
	else if (name ~ /^MSC_/) class = "EV_MSC"
	else if (name ~ /^LED_/) class = "EV_LED"
	else if (name ~ /^REP_/) class = "EV_REP"
	else if (name ~ /^SND_/) class = "EV_SND"
	else if (name ~ /^FF_STATUS_/) next
	else if (name ~ /^FF_/) class = "EV_FF"
	else if (name ~ /^INPUT_PROP_/) class = "NAMES_PROP"
	else if (name ~ /^BUS_/) class = "NAMES_BUS"
	else next
	if (seen[name]++)
		next
	printf "\t{ %s, \"%s\", %s },\n", class, name, name
}
