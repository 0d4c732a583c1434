# Three balanced uplinks; a recovered one rejoins the balance only after 30 s up.
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { weight = 5 }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan { weight = 3 }
}

interface "eth2" {
  zone = "WAN"
  dhcp = true
  wan { weight = 2 }
}

interface "lan0" {
  zone    = "LAN"
  address = "10.10.0.1/16"
}

uplink_group "balanced" {
  mode           = "balance"
  failback_delay = "30s"

  member "eth0" {
    weight = 5
    health_check {
      targets        = ["192.0.2.1"]
      interval       = "5s"
      threshold_down = 2
      threshold_up   = 2
    }
  }

  member "eth1" { weight = 3 }
  member "eth2" { weight = 2 }
}

policy_route "work-vpn" {
  match {
    protocol  = "udp"
    dest_port = ["1194"]
  }

  uplink = "eth0"
  strict = true
}

policy_route "backups" {
  match {
    destination = ["203.0.113.0/24"]
  }

  uplink = "eth0"
}
