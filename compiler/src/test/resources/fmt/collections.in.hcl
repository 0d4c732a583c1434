single = [ 1,2 , 3 ]
single_trailing = [1, 2, 3, ]
objects = { a = 1 , b = "two" }
colon_object = {a: 1, "b": 2}
multi = [
"a",
      "b",
  "c",   
]
multi_object = {
key = "value"
longer_key = "v"
"quoted key" = 3

after_blank = 4
}
colon_multi = {
  a: 1,
  bb: 2,
}
nested = [{ a = 1 }, { b = [1, [2, 3]] }]
nested_multi = [
  {
    name = "x"
    value = 1
  },
  {
    name = "y"
  },
]
