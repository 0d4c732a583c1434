# Three tiers of failover: fibre first, cable when the fibre is down, LTE only when both are.
# Each member has its own health check, tuned to the link, and traffic returns to a better
# link only after it has stayed up for two minutes, so a flapping fibre does not bounce users.

interface "eth0" {
  zone = "WAN"
  dhcp = true # Fibre ONT

  wan {
    priority  = 1
    bandwidth = "1Gbps"
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true # Cable modem

  wan {
    priority  = 2
    bandwidth = "200Mbps"
  }
}

# LTE router in bridge mode; metered, so it is the last resort
interface "wwan0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority  = 3
    bandwidth = "50Mbps"
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode     = "failover"
  failback = "auto"

  # A recovered link must stay up this long before traffic moves back to it
  failback_delay = "2m"

  # Fibre: fast detection, 3 × 2s = 6s to notice an outage
  member "eth0" {
    priority = 1

    health_check {
      targets        = ["1.1.1.1", "8.8.8.8", "9.9.9.9"]
      interval       = "2s"
      timeout        = "1s"
      threshold_down = 3
      threshold_up   = 5
    }
  }

  # Cable: a round is good when two of the three targets answer
  member "eth1" {
    priority = 2

    health_check {
      targets        = ["1.0.0.1", "8.8.4.4", "149.112.112.112"]
      reliability    = 2
      interval       = "5s"
      timeout        = "2s"
      threshold_down = 3
      threshold_up   = 3
    }
  }

  # LTE: probes cost data and latency is higher, so check less often and wait longer
  member "wwan0" {
    priority = 3

    health_check {
      targets        = ["1.1.1.1", "8.8.8.8"]
      interval       = "15s"
      timeout        = "5s"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}
