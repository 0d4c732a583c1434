# Default traffic balanced over two uplinks; VPN, streaming and gaming pinned to one of them.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
    weight   = 2
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
    weight   = 1
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode = "balance"

  member "eth0" {
    weight = 2 # Gets 2/3 of traffic
  }

  member "eth1" {
    weight = 1 # Gets 1/3 of traffic
  }
}

ipset "streaming_services" {
  type    = "ipv4_addr"
  entries = ["198.51.100.0/24", "203.0.113.0/25"]
}

# Work VPN always through primary WAN
policy_route "work-vpn" {
  match {
    protocol  = "udp"
    dest_port = ["1194"] # OpenVPN
  }

  uplink = "eth0"
  strict = true
}

# Video streaming through secondary (if it's faster)
policy_route "streaming" {
  match {
    destination = ["@streaming_services"] # IPSet
  }

  uplink = "eth1"
}

# Gaming always through low-latency connection
policy_route "gaming" {
  match {
    source   = ["192.168.1.50"] # Gaming PC
    protocol = "udp"
  }

  uplink = "eth0"
}
