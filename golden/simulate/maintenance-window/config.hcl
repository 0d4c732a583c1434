# eth0 (fiber) is preferred; its ISP works on Saturday nights from 02:00 to 02:30, Berlin time.
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan {}
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan {}
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  failback_delay = "2m"

  member "eth0" {
    priority = 1
    health_check {
      targets        = ["192.0.2.1", "192.0.2.2"]
      interval       = "10s"
      threshold_down = 2
      threshold_up   = 2
    }
  }

  member "eth1" {
    priority = 2
    health_check {
      targets        = ["198.51.100.1", "198.51.100.2"]
      interval       = "10s"
      threshold_down = 2
      threshold_up   = 2
    }
  }
}

policy_route "voip" {
  match {
    protocol  = "udp"
    dest_port = ["5060"]
  }
  uplink = "eth0"
  strict = true
}

maintenance "isp1-weekly" {
  uplinks   = ["eth0"]
  time_zone = "Europe/Berlin"
  days      = ["sat"]
  start     = "02:00"
  duration  = "30m"
}
