# Turns a javac -h header into JNINativeMethod entries: { "name", "signature", fn },
# one per native method, for RegisterNatives.
/^ \* Method:/ { method = $3 }
/^ \* Signature:/ { signature = $3 }
/JNICALL Java_/ {
	for (i = 1; i <= NF; i++)
		if ($i == "JNICALL")
			fn = $(i + 1)
	printf "\t{ \"%s\", \"%s\", (void *)%s },\n", method, signature, fn
}
