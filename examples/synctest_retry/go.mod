module synctest_retry

go 1.25
