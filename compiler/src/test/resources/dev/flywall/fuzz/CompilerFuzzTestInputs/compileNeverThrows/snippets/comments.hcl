/* block
 comment */ a = 1 // line
# hash
b = 2 /* unclosed
