// The sample weather service of the lab-go-scratch lab (stagecraft). It needs what a scratch
// image lacks: it reads the CA bundle Go trusts before it serves, so an image without
// /etc/ssl/certs/ca-certificates.crt fails at start; and it stops cleanly on SIGTERM.
package main

import (
	"context"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	bundle, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	cas := bytes.Count(bundle, []byte("BEGIN CERTIFICATE"))
	if err != nil || cas == 0 {
		fmt.Fprintln(os.Stderr, "weather: no CA certificates: calls to the forecast API would fail")
		os.Exit(1)
	}
	fmt.Printf("weather: %d trusted CAs, uid %d\n", cas, os.Getuid())
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	server := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(forecast)}
	go func() {
		if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			fmt.Fprintln(os.Stderr, "weather:", err)
			os.Exit(1)
		}
	}()
	fmt.Println("weather: listening on :8080")
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdown)
	fmt.Println("weather: stopped")
}

func forecast(w http.ResponseWriter, _ *http.Request) {
	fmt.Fprintln(w, `{"city":"Lisbon","forecast":"sunny"}`)
}
