# Dual WAN that tells the operator about every state change by email and webhook.

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

notifications {
  # Email
  email {
    enabled  = true
    smtp     = "smtp.example.com:587"
    from     = "gateway@example.com"
    to       = ["admin@example.com"]
    username = "gateway@example.com"
    password = env("FLYWALL_SMTP_PASSWORD")
    events   = ["wan_down", "wan_up", "failover"]
  }

  # Webhook
  webhook {
    enabled = true
    url     = "https://hooks.example.com/services/xxx"
    events  = ["wan_down", "failover"]
  }
}
