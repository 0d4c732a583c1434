interface "eth0" {
  zone = "WANé😀"
  dhcp = true # café    
}
été = "﻿"
