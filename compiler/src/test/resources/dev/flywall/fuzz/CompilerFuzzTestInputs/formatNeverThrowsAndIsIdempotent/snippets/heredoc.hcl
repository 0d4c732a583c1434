a = <<EOT
line ${1 + 1}
  %{ if true }yes%{ endif }
EOT
b = <<-EOT
    indented
      more
    EOT
