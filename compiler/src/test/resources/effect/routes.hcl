# Every policy_route, match and ipset argument, and the notifications, api and runtime blocks.
# "# alt: VALUE" marks an argument EveryArgumentHasAnEffectTest changes to VALUE.

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
  address = "10.0.0.1/24"
}

interface "eth5" {
  zone    = "GUEST"
  address = "10.0.5.1/24"
}

uplink_group "default" {
  member "eth0" {}
  member "eth1" {}
}

uplink_group "backup" {
  member "eth1" {}
}

ipset "office" {
  type    = "ipv4_addr"
  entries = ["198.51.100.0/24"] # alt: ["198.51.100.0/25"]
}

ipset "office6" {
  type    = "ipv6_addr"
  entries = ["2001:db8:10::/48"]
}

policy_route "vpn" {
  uplink   = "eth0" # alt: "backup"
  strict   = true # alt: false
  priority = 10 # alt: 30

  match {
    protocol    = "udp" # alt: ["udp", "tcp"]
    source      = ["10.0.0.0/25"] # alt: ["10.0.0.128/25"]
    destination = ["@office"] # alt: ["@office", "203.0.113.0/24"]
    source_port = ["5000-5100"] # alt: ["5000-5200"]
    dest_port   = ["1194"] # alt: ["1195"]
    interface   = ["eth2"] # alt: ["eth5"]
  }
}

policy_route "guests" {
  uplink   = "eth1"
  priority = 20

  match {
    interface = "eth5"
  }
}

notifications {
  email {
    enabled  = true # alt: false
    smtp     = "smtp.example.com:587" # alt: "smtp.example.com:465"
    from     = "gateway@example.com" # alt: "router@example.com"
    to       = ["admin@example.com"] # alt: ["ops@example.com"]
    username = "gateway" # alt: "router"
    password = env("FLYWALL_SMTP_PASSWORD") # alt: env("SMTP_PASSWORD")
    starttls = true # alt: false
    events   = ["wan_down", "wan_up"] # alt: ["failover"]
  }

  webhook {
    enabled = true # alt: false
    url     = "https://hooks.example.com/flywall" # alt: "https://hooks.example.com/wan"
    headers = { Authorization = env("FLYWALL_HOOK_TOKEN") } # alt: { Authorization = env("HOOK_TOKEN") }
    events  = ["failover", "failback"] # alt: ["failover"]
    timeout = "5s" # alt: "10s"
  }
}

api {
  listen = "127.0.0.1:8080" # alt: "127.0.0.1:9090"
  token  = env("FLYWALL_API_TOKEN") # alt: env("API_TOKEN")
}

runtime {
  state_dir         = "/var/lib/flywall" # alt: "/srv/flywall"
  history_retention = "30d" # alt: "7d"
  mark_mask         = "0xff00" # alt: "0xff0000"
  interfaces        = "flywall" # alt: "host"
}
