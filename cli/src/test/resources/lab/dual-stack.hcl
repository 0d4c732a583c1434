# The dual-stack end-to-end test's gateway: two static dual-stack uplinks with fast probes of both
# families (200 ms x 3 down, x 2 up), each translating the LAN's ULA prefix to its own routed /64
# (NPT), a dual-stack LAN, and IPv6 traffic to a partner pinned to eth0 (strict).
interface "eth0" {
  zone      = "WAN"
  addresses = ["203.0.113.10/29", "2001:db8:100::10/64"]
  gateway   = ["203.0.113.9", "2001:db8:100::1"]
  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:100:1000::/64"
  }
  wan { priority = 1 }
}

interface "eth1" {
  zone      = "WAN"
  addresses = ["198.51.100.20/28", "2001:db8:200::20/64"]
  gateway   = ["198.51.100.17", "2001:db8:200::1"]
  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:200:1000::/64"
  }
  wan { priority = 2 }
}

interface "lan0" {
  zone      = "LAN"
  addresses = ["192.168.1.1/24", "fd00:10::1/64"]
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    health_check {
      targets        = ["1.1.1.1", "2606:4700:4700::1111"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }

  member "eth1" {
    health_check {
      targets        = ["1.0.0.1", "2606:4700:4700::1001"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}

ipset "partner_v6" {
  type    = "ipv6_addr"
  entries = ["2001:db8:4000::/40"]
}

policy_route "partner-v6" {
  match {
    source      = ["fd00:10::/64"]
    destination = ["@partner_v6"]
  }
  uplink = "eth0"
  strict = true
}
