package main

import (
	"errors"
	"fmt"
)

type Account struct {
	owner   string
	balance int
}

func NewAccount(owner string, initial int) (*Account, error) {
	if initial < 0 {
		return nil, errors.New("negative initial balance")
	}
	return &Account{owner: owner, balance: initial}, nil
}

func (a *Account) Withdraw(n int) error {
	if n > a.balance {
		return fmt.Errorf("%s: insufficient funds (%d < %d)", a.owner, a.balance, n)
	}
	a.balance -= n
	return nil
}

func main() {
	a, err := NewAccount("ann", 10)
	fmt.Println(err)
	fmt.Println(a.Withdraw(3), a.balance)
	fmt.Println(a.Withdraw(30))
	_, err = NewAccount("bob", -1)
	fmt.Println(err)
}
