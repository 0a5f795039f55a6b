package main

import "fmt"

func process(steps []string) (log []string) {
	for i, s := range steps {
		if s == "fail" {
			log = append(log, fmt.Sprint("failed at ", i))
			goto cleanup
		}
		log = append(log, "did "+s)
	}
	log = append(log, "all done")
cleanup:
	log = append(log, "cleanup")
	return log
}

func main() {
	fmt.Println(process([]string{"a", "b"}))
	fmt.Println(process([]string{"a", "fail", "c"}))
}
