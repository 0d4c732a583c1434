# Wrong: the recipient "admin@example" has no domain suffix, a half-finished address.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
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

notifications {
  email {
    smtp     = "smtp.example.com:587"
    from     = "gateway@example.com"
    to       = ["noc@example.com", "admin@example"]
    username = "gateway@example.com"
    password = env("FLYWALL_SMTP_PASSWORD")
  }
}
