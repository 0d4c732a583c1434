a = max ( 1 , 2 , 3 )
b = min(var.list ...)
c = concat(local.a,local.b...)
d = provider :: aws :: arn_parse("x")
e = format("%s-%s", var.a, var.b)
f = jsonencode({
  key = "value"
  other = [1, 2]
})
g = merge({
  a = 1
}, {
  b = 2
})
h = merge({
  Name = "x"
}, var.tags)
i = coalesce(
  var.a,
    var.b,
  "default",
)
j = lookup(var.map, "key",
"fallback")
