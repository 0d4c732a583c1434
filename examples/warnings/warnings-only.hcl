# Works, but with four likely mistakes (warnings, no errors): a single probe target, failure
# detection that takes minutes, a password written in the file and a route that never applies.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }

  # One target: if 192.0.2.53 has a bad minute, a healthy link goes down
  health_check {
    targets = ["192.0.2.53"]
  }
}

interface "eth1" {
  zone = "WAN"

  pppoe {
    username = "user@isp.example"
    password = "hunter2"
  }

  wan {
    priority = 2
  }

  # 30s × 5 = 2m30s before a dead DSL line is noticed
  health_check {
    targets        = ["1.1.1.1", "8.8.8.8"]
    interval       = "30s"
    threshold_down = 5
  }
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

# All UDP goes through eth1 ...
policy_route "udp-via-dsl" {
  match {
    protocol = "udp"
  }

  uplink = "eth1"
}

# ... so this route for OpenVPN, which comes later with the same priority, never applies
policy_route "work-vpn" {
  match {
    protocol  = "udp"
    dest_port = ["1194"]
  }

  uplink = "eth0"
}
