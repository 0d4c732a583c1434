/* A block comment
   over several lines */
integers = [0, 7, 007, 42, 9007199254740991, -1, -0]
decimals = [0.5, 1.50, 123456.654321, -2.25, 10.0]
nested   = [[], [[]], [1, [2, [3]]], ["a", true, null]]
trailing = [1, 2, 3,]
multi = [
  "one",   # first
  "two",   // second
  /* third */ "three",
]
object = {
  name    = "x"
  "a key" = [1, 2]
  inner   = { deep = false }
}
inline = { a = 1, b = "two", c = [] }
bools  = [true, false]
nothing = null



last = "no newline at the end of the file"