# Cable modem (DHCP) preferred, DSL over PPPoE as the failover target.

variable "pppoe_user" {
  type        = string
  default     = "user@isp.com"
  description = "PPPoE login of the DSL line"
}

interface "eth0" {
  zone = "WAN"
  dhcp = true # Cable modem

  wan {
    priority  = 1
    bandwidth = "100Mbps" # For QoS calculations
  }
}

interface "eth1" {
  zone = "WAN"

  # DSL with PPPoE; the password is read from the environment when flywall runs
  pppoe {
    username = var.pppoe_user
    password = env("FLYWALL_PPPOE_PASSWORD")
  }

  wan {
    priority  = 2
    bandwidth = "20Mbps"
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
