# Wrong: the HA node's peer is not on its sync link (eth3, 10.99.0.0/30), so conntrackd's updates could
# not reach it; peer is the other node's address on that link.

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.2/24"
}

interface "eth3" {
  zone    = "SYNC"
  address = "10.99.0.1/30"
}

ha {
  priority       = 200
  peer           = "10.99.1.2"
  sync_interface = "eth3"

  virtual_address "eth2" {
    addresses = ["192.168.1.1/24"]
  }
}
