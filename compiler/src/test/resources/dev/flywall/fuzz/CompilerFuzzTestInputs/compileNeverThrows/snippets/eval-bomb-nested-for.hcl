ipset "bomb_v" {
  type    = "ipv4_addr"
  entries = [for a in range(1000000) : [for b in range(1000) : a]]
}
