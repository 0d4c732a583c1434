empty {}
empty_spaced {}
labelled "a" "b" {}
one_line { a = 1 }
one_line_obj { value = { a = 1, b = 2 } }
obj          = {}
obj_spaced   = {}
tuple        = []
tuple_spaced = []
