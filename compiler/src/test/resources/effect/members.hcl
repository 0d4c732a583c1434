# Every uplink_group and member argument, and member-level health checks of each type.
# "# alt: VALUE" marks an argument EveryArgumentHasAnEffectTest changes to VALUE.

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

interface "eth3" {
  zone = "WAN"
  dhcp = true

  wan {}
}

interface "eth4" {
  zone = "WAN"
  dhcp = true

  wan {}
}

interface "eth6" {
  zone = "WAN"
  dhcp = true

  wan {}
}

interface "eth7" {
  zone = "WAN"
  dhcp = true

  wan {}
}

interface "eth2" {
  zone    = "LAN"
  address = "10.0.0.1/24"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1 # alt: 4
    weight   = 3 # alt: 1

    health_check {
      type           = "icmp" # alt: "tcp"
      targets        = ["192.0.2.53", "198.51.100.53"] # alt: ["192.0.2.54", "198.51.100.53"]
      interval       = "2s" # alt: "1s"
      timeout        = "1s" # alt: "900ms"
      threshold_down = 3 # alt: 2
      threshold_up   = 2 # alt: 1
      reliability    = 2 # alt: 1
      max_latency    = "300ms" # alt: "250ms"
      max_loss       = 20 # alt: 10
    }
  }

  member "eth1" {
    priority = 1
    weight   = 1

    health_check {
      type = "tcp"
      port = 443 # alt: 22
    }
  }

  member "eth3" {
    priority = 2

    health_check {
      type            = "http"
      url             = "https://192.0.2.80/health" # alt: "https://192.0.2.80/status"
      expected_status = 200 # alt: 204
    }
  }

  member "eth4" {
    priority = 3

    health_check {
      type  = "dns"
      query = "example.net" # alt: "example.com"
    }
  }
}

uplink_group "sticky" {
  mode           = "balance"
  sticky         = true # alt: false
  sticky_timeout = "20m" # alt: "1h"

  member "eth6" {}
  member "eth7" {}
}
