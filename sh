run
run
run
run
