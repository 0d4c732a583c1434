locals {
  s = join("", [for i in range(1000) : "0123456789"])
}
ipset "bomb_v" {
  type    = "ipv4_addr"
  entries = "%{for i in range(1000000)}${local.s}%{endfor}"
}
