// Command etcd is upstream etcd's server entry point (go.etcd.io/etcd/server/v3/etcdmain) at the version
// Kubernetes v1.35 documents; the fixture runs it as the control plane's store.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
