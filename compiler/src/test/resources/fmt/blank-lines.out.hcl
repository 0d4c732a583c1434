# leading blank lines are removed
x = 1



# several blank lines stay as they are
y = 2
