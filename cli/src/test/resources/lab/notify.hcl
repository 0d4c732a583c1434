# The end-to-end notification test: fast.hcl plus a webhook and email (the lab maps both onto its
# internet hosts).
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
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }

  member "eth1" {
    health_check {
      targets        = ["1.0.0.1", "8.8.4.4"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}

api {
  listen = "127.0.0.1:8080"
}

notifications {
  email {
    enabled  = true
    smtp     = "smtp.example.com:587"
    from     = "gateway@example.com"
    to       = ["admin@example.com"]
    username = "gateway@example.com"
    password = "lab-only-password"
    events   = ["wan_down", "failover", "failback"]
  }

  webhook {
    enabled = true
    url     = "https://hooks.example.com/services/T000/B000"
    events  = ["wan_down", "failover", "failback"]
  }
}
