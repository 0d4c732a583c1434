


# leading blank lines stay, as with terraform fmt
x = 1



# several blank lines stay as they are
y = 2