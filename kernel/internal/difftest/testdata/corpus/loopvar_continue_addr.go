package main

import "fmt"

func main() {
	var ps []*int
	for i := 0; i < 10; i++ {
		if i%3 == 0 {
			i++
			continue
		}
		ps = append(ps, &i)
		i++
	}
	for _, p := range ps {
		fmt.Print(*p, " ")
	}
	fmt.Println()
	var fs []func() int
outer:
	for j := 0; j < 12; j++ {
		for k := 0; k < 2; k++ {
			if j%4 == 3 {
				j++
				continue outer
			}
		}
		fs = append(fs, func() int { return j })
		j++
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
