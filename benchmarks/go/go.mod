module golang-cpp/benchmarks/go

go 1.19
