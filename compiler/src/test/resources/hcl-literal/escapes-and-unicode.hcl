# Escapes hcl4j and HCL decode alike, and literal non-ASCII text (no \u escapes: hcl4j rejects them).
newline   = "one\ntwo"
quote     = "say \"hi\""
backslash = "C:\\dir\\"
tab       = "a\tb"
carriage  = "a\rb"
escaped_n = "\\n is not a newline"
unicode   = "é ß Ω 中文 😀 🚀"
dollar    = "$5 and 100% and {braces} and $x and %y"
comment_like = "# not a comment // nor this /* nor this */"
empty     = ""
label "with \"quotes\" and é" "😀" {
  ok = true
}
