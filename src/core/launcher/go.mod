module perflab.dev/launcher

go 1.21
