locals {
  a = join("", [for i in range(100000) : "a"])
}
ipset "bomb_v" {
  type    = "ipv4_addr"
  entries = replace(local.a, "a", local.a)
}
ipset "bomb_w" {
  type    = "ipv4_addr"
  entries = split("a", local.a)
}
ipset "bomb_x" {
  type    = "ipv4_addr"
  entries = join(local.a, [for i in range(100000) : "b"])
}
