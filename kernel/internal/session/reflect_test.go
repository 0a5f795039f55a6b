package session

import "reflect"

type reflectValue = reflect.Value

func reflectOf(v any) reflect.Value { return reflect.ValueOf(v) }
