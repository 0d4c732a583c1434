# hash comment
// slash comment
/* block comment */
a   = 1 # trailing hash
bbb = 2 // trailing slash
cc  = 3 /* trailing block is not aligned */

/*
 * A block comment
 *   spanning lines keeps its inner lines.
 */
block {
  # indented by the formatter
  x    = 1 # one
  yyyy = 2 # two

  /* inline */ z = 3
  // last comment in block
}
list = [
  1,  # one
  22, # twenty-two
  # alone
  333,
]
