# The daemon benchmark's gateway (bench/run-daemon.sh): two static uplinks to two fake ISPs,
# each probed at two "internet" hosts every 200 ms: 20 probes per second in all.
# --var interval=5s --var timeout=2s gives the Flywall defaults.

variable "interval" {
  default = "200ms"
}

variable "timeout" {
  default = "100ms"
}
interface "wan1" {
  zone    = "WAN"
  address = "198.51.100.2/30"
  gateway = "198.51.100.1"
  wan { priority = 1 }
}

interface "wan2" {
  zone    = "WAN"
  address = "198.51.100.6/30"
  gateway = "198.51.100.5"
  wan { priority = 2 }
}

interface "lan" {
  zone    = "LAN"
  address = "192.0.2.1/24"
}

uplink_group "default" {
  mode = "failover"

  member "wan1" {
    health_check {
      targets        = ["203.0.113.1", "203.0.113.2"]
      interval       = var.interval
      timeout        = var.timeout
      threshold_down = 3
      threshold_up   = 2
    }
  }

  member "wan2" {
    health_check {
      targets        = ["203.0.113.1", "203.0.113.2"]
      interval       = var.interval
      timeout        = var.timeout
      threshold_down = 3
      threshold_up   = 2
    }
  }
}

api {
  listen = "127.0.0.1:8080"
}

runtime {
  state_dir = "/run/flywall-bench"
}
