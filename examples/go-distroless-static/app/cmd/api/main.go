// The sample API of the lab-go-distroless-static lab (stagecraft): a small HTTP service that
// reports the user it runs as and stops cleanly on SIGTERM.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	server := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(health)}
	go func() {
		if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			fmt.Fprintln(os.Stderr, "api:", err)
			os.Exit(1)
		}
	}()
	fmt.Printf("api: listening on :8080 as uid %d\n", os.Getuid())
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdown)
	fmt.Println("api: stopped")
}

func health(w http.ResponseWriter, _ *http.Request) {
	fmt.Fprintln(w, `{"status":"ok"}`)
}
