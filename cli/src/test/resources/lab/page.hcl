# The status page's browser test: dual WAN with fast probes (200 ms x 3 down, x 2 up), manual
# failback (so the page's failback button decides when eth0 carries traffic again) and an API
# token (so the page's buttons need it).
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
  mode     = "failover"
  failback = "manual"

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
  token  = "page-test-token"
}
