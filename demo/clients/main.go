// A Go client that POSTs to the demo server every 1.5 s with the default client: its idle
// connections live longer than the server's, so some requests race the server's close.
package main

import (
	"bytes"
	"fmt"
	"net/http"
	"time"
)

func main() {
	client := &http.Client{}
	for i := 0; i < 20; i++ {
		resp, err := client.Post("http://127.0.0.1:8765/orders", "application/json", bytes.NewBufferString(`{"n":1}`))
		if err != nil {
			fmt.Println("error:", err)
		} else {
			resp.Body.Close()
			fmt.Println("ok", resp.Status)
		}
		time.Sleep(1500 * time.Millisecond)
	}
}
