package main

import "fmt"

func main() {
	fmt.Printf("%d %5d %-5d| %05d %x %X %o %b\n", 42, 42, 42, 42, 255, 255, 8, 5)
	fmt.Printf("%f %.2f %8.3f %e %g\n", 3.14159, 3.14159, 3.14159, 1234.5678, 0.00001)
	fmt.Printf("%s %q %10s|%-10s| %x\n", "go", "go", "right", "left", "hi")
	fmt.Printf("%t %v %p\n", true, nil, nil)
	fmt.Printf("%c %U %08b\n", 'G', 'G', 7)
	fmt.Printf("%v %d\n", []int{1, 2}, []int{3, 4})
	fmt.Printf("%3c|%-4q|%#x\n", 'x', 'y', 255)
}
