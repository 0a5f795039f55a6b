package main

import "fmt"

type Doer interface{ Do() string }

type impl struct{}

func (*impl) Do() string { return "done" }

type wrapPtr struct{ *impl }
type wrapVal struct{ impl }

func main() {
	var d Doer = wrapPtr{&impl{}}
	fmt.Println(d.Do())
	d = &wrapVal{}
	fmt.Println(d.Do())
}
