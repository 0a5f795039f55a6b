package main

import "fmt"

type V struct{ n int }

func (v *V) Bump()   { v.n++ }
func (v V) Val() int { return v.n }

func main() {
	v := V{}
	v.Bump()
	v.Bump()
	p := &v
	fmt.Println(v.Val(), p.Val())
	arr := []V{{1}, {2}}
	arr[0].Bump()
	fmt.Println(arr[0].n, arr[1].Val())
}
