negate_after_arrow    = { for k, v in var.m : k => -v }
negate_in_interp      = "${-var.x}"
in_paren              = [for x in (var.a) : x if (x > 1)]
trailing_comma_tuple  = [1, 2,]
trailing_comma_call   = max(1, 2,)
trailing_comma_object = { a = 1, }
splat_then_index      = var.list.*[0]
minus_continued = (1
  - 2)
keyword_attr      = var.in.if
object_brace      = f({ a = 1 })
number_dot_number = (3 . 1)
number_index      = var.list.0.id
