script   = <<EOT
#!/bin/sh
    indented   line with trailing blanks   
	tab-indented line
${var.x} and %{if var.y}yes%{endif}
EOT
indented = <<-EOT
      keep these
        exactly
      EOT
nested {
  script = <<EOF
  body
  EOF
  policy = jsonencode({
    a = 1
  })
}
list = [<<EOT
item
EOT
  , "second"]
interp_spanning = <<EOT
start ${join(", ",
      var.list)} end
EOT
empty = <<EOT
EOT
