# Health checks by HTTP status instead of ping: a captive portal or a broken upstream that
# still answers pings is detected.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }

  health_check {
    type = "http"
    url  = "http://connectivitycheck.gstatic.com/generate_204"

    # Expect HTTP 204
    expected_status = 204

    interval       = "10s"
    threshold_down = 2
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
  }

  health_check {
    type           = "dns"
    targets        = ["1.1.1.1", "9.9.9.9"]
    query          = "example.com"
    interval       = "10s"
    reliability    = 2
    threshold_down = 3
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}
