// Command argocd-lua evaluates an Argo CD resource health script on Kubernetes objects, in gopher-lua
// (the Lua VM Argo CD embeds) and in the environment Argo CD gives a resource.customizations health script:
//
//   - a fresh LState per object with the standard libraries skipped, then only the base, table and package
//     libraries opened (Argo CD adds a reduced os with time/date; none is opened here, so a script that needs
//     os, io, string or math fails here before it fails in Argo CD); -open-libs opens every library instead,
//     as Argo CD does for a customization with useOpenLibs: true;
//   - the object as the global obj, converted from its JSON as Argo CD's unstructured object is (integers
//     int64, other numbers float64, so both are Lua numbers; objects tables; arrays 1-based tables; null nil);
//   - a one-second execution deadline;
//   - the value the chunk returns read as Argo CD reads it: a table's status and message (a status outside
//     Healthy/Progressing/Suspended/Degraded/Missing/Unknown becomes Unknown with Argo CD's message), nil an
//     empty health, anything else an error.
//
// Usage: argocd-lua [-open-libs] -script health.lua object.json...
// Prints one JSON line per object: {"fixture":"object.json","status":"...","message":"..."} or
// {"fixture":"object.json","error":"..."}; exits 2 on bad usage or an unreadable script, else 0.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// result is one output line.
type result struct {
	Fixture string `json:"fixture"`
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

var validStatus = map[string]bool{
	"Unknown": true, "Progressing": true, "Suspended": true, "Healthy": true, "Degraded": true, "Missing": true,
}

func main() {
	scriptPath := flag.String("script", "", "the health script (Lua)")
	openLibs := flag.Bool("open-libs", false, "open every standard library (Argo CD's useOpenLibs: true)")
	flag.Parse()
	if *scriptPath == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: argocd-lua [-open-libs] -script health.lua object.json...")
		os.Exit(2)
	}
	script, err := os.ReadFile(*scriptPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := json.NewEncoder(os.Stdout)
	for _, fixture := range flag.Args() {
		r := result{Fixture: fixture}
		status, message, err := evaluate(fixture, string(script), *openLibs)
		if err != nil {
			r.Error = err.Error()
		} else {
			r.Status, r.Message = status, message
		}
		if err := out.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}

// evaluate runs script on the object in file and returns the health it reports.
func evaluate(file, script string, openLibs bool) (string, string, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	object, err := decodeObject(raw)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", file, err)
	}
	l := lua.NewState(lua.Options{SkipOpenLibs: !openLibs})
	defer l.Close()
	if !openLibs {
		for _, lib := range []struct {
			name string
			open lua.LGFunction
		}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}} {
			if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
				return "", "", err
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, object))
	fn, err := l.LoadString(script)
	if err != nil {
		return "", "", err
	}
	l.Push(fn)
	if err := l.PCall(0, lua.MultRet, nil); err != nil {
		return "", "", err
	}
	switch ret := l.Get(-1).(type) {
	case *lua.LTable:
		status, err := stringField(ret, "status")
		if err != nil {
			return "", "", err
		}
		message, err := stringField(ret, "message")
		if err != nil {
			return "", "", err
		}
		if !validStatus[status] {
			return "Unknown", "Lua returned an invalid health status", nil
		}
		return status, message, nil
	case *lua.LNilType:
		return "", "", nil
	default:
		return "", "", fmt.Errorf("expect table output from Lua script, not %s", ret.Type())
	}
}

// stringField is t[key] as a string; absent is "".
func stringField(t *lua.LTable, key string) (string, error) {
	switch v := t.RawGetString(key).(type) {
	case lua.LString:
		return string(v), nil
	case *lua.LNilType:
		return "", nil
	default:
		return "", fmt.Errorf("health %s is a %s, not a string", key, v.Type())
	}
}

// decodeObject parses one JSON object the way Kubernetes' unstructured decoding does: integers as int64,
// other numbers as float64.
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var object map[string]any
	if err := dec.Decode(&object); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after the object")
	}
	return object, nil
}

// toLua converts a decoded JSON value into a Lua value.
func toLua(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return lua.LNumber(i)
		}
		f, _ := v.Float64()
		return lua.LNumber(f)
	case []any:
		t := l.CreateTable(len(v), 0)
		for _, item := range v {
			t.Append(toLua(l, item))
		}
		return t
	case map[string]any:
		t := l.CreateTable(0, len(v))
		for key, item := range v {
			t.RawSetString(key, toLua(l, item))
		}
		return t
	default:
		panic(fmt.Sprintf("unexpected JSON value %T", value))
	}
}
