policy = jsonencode({
  Version = "2012-10-17"
  Statement = [{
    Effect = "Allow"
    Action = ["s3:GetObject"]
  }]
})
pairs = [
  {
    a = 1
  }, {
    b = 2
  },
]
nested = [[
  1
], [
  2
]]
call = foo(a,
  b, c)
