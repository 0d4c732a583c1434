# Scenario 2 of the end-to-end tests: the Flywall-style cadence (2 s, thresholds 3/2, two targets)
# against 20 % random loss.
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { priority = 1 }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan { priority = 2 }
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    health_check {
      targets        = ["1.1.1.1", "8.8.8.8"]
      interval       = "2s"
      timeout        = "500ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }

  member "eth1" {
    health_check {
      targets        = ["1.0.0.1", "8.8.4.4"]
      interval       = "2s"
      timeout        = "500ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}

api {
  listen = "127.0.0.1:8080"
}
