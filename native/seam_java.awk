# Generates Java's nativeio.Seam from native/seam.h, so C and Java share one list of constants.
# Reads the X(...) lines of VDI_PUMP_BITS and VDI_COUNTERS and writes the Java source to the file
# named by -v out=FILE (default: stdout): nothing if seam.h is malformed, and only if it changed, so
# an unchanged seam.h recompiles nothing.

BEGIN {
	if (out == "")
		out = "/dev/stdout"
}

# Adds a line to the output.
function emit(line) {
	java = java line "\n"
}

# Writes the output to out, unless out holds it already.
function write_if_changed(    line, old) {
	if (out != "/dev/stdout") {
		while ((getline line < out) > 0)
			old = old line "\n"
		close(out)
		if (old == java)
			return
	}
	printf "%s", java > out
}

# Reports msg at the current line of seam.h; the build then fails.
function fail(msg) {
	print FILENAME ":" FNR ": " msg > "/dev/stderr"
	failed = 1
	exit 1
}

# The quoted meaning of an X(...) line, checked to need no escaping in Java.
function meaning(line,    text) {
	if (!match(line, /"[^"]*"/))
		fail("an entry needs its meaning as a quoted string")
	text = substr(line, RSTART + 1, RLENGTH - 2)
	if (text ~ /[\\]|\*\//)
		fail("a meaning may hold no backslash and no star-slash")
	return text
}

# Prints text as a Javadoc comment at indent, wrapped at 100 columns as google-java-format does.
function javadoc(indent, text,    words, n, i, line) {
	if (length(indent) + length(text) + 7 <= 100) {
		emit(indent "/** " text " */")
		return
	}
	emit(indent "/**")
	n = split(text, words, / +/)
	line = indent " *"
	for (i = 1; i <= n; i++) {
		if (length(line) + 1 + length(words[i]) > 100) {
			emit(line)
			line = indent " *"
		}
		line = line " " words[i]
	}
	emit(line)
	emit(indent " */")
}

/^#define VDI_PUMP_BITS\(X\)/ { list = "bits"; next }
/^#define VDI_COUNTERS\(X\)/ { list = "counters"; next }
/^[ \t]*X\(/ {
	if (list == "")
		fail("an X(...) entry outside a list")
	entry = $0
	sub(/^[ \t]*X\([ \t]*/, "", entry)
	split(entry, field, /[ \t]*,[ \t]*/)
	if (field[1] !~ /^[A-Z][A-Z0-9_]*$/)
		fail("not an upper-case name: " field[1])
	if (list == "bits") {
		if (field[2] !~ /^0x[0-9a-fA-F]+$/)
			fail("not a hex bit: " field[2])
		nbits++
		bit_name[nbits] = field[1]
		bit_value[nbits] = field[2]
		bit_meaning[nbits] = meaning($0)
	} else {
		ncounters++
		counter_name[ncounters] = field[1]
		counter_meaning[ncounters] = meaning($0)
	}
	if ($0 !~ /\\[ \t]*$/)
		list = ""
	next
}
{ list = "" }

END {
	if (failed)
		exit 1
	if (nbits == 0 || ncounters == 0) {
		print "seam_java.awk: no VDI_PUMP_BITS or VDI_COUNTERS entries found" > "/dev/stderr"
		exit 1
	}
	emit("// Generated from native/seam.h by native/seam_java.awk: edit seam.h, not this file.")
	emit("package io.github.vhostdeviceinput.nativeio;")
	emit("")
	emit("/** The constants that cross the JNI seam, as native/seam.h lists them for the C side. */")
	emit("public final class Seam {")
	emit("  private Seam() {}")
	for (i = 1; i <= nbits; i++) {
		emit("")
		javadoc("  ", "{@link Native#devicePump} bit: " bit_meaning[i] ".")
		emit("  public static final int PUMP_" bit_name[i] " = " bit_value[i] ";")
	}
	emit("")
	emit("  /** The device's counters, in the order {@link Native#deviceCounters} fills them. */")
	emit("  public enum Counter {")
	for (i = 1; i <= ncounters; i++) {
		javadoc("    ", toupper(substr(counter_meaning[i], 1, 1)) substr(counter_meaning[i], 2) ".")
		emit("    " counter_name[i] (i < ncounters ? "," : ""))
	}
	emit("  }")
	emit("}")
	write_if_changed()
}
