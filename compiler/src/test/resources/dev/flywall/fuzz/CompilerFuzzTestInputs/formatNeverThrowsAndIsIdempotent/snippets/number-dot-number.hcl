locals {
  x = [for k, v in {a = 1, b = 2} : "${k}=${v}" if v > 1]
  y = {for s in ["a", "b"] : s => upper(s)...}
  z = [{a = 1}, {a = 2}][*].a
  w = 1e3 % 7 + -2 * (3 . 1) / 4
  r = range(3)
}
v = local.x
