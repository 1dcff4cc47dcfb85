package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"time"
)

// redisServer is the Redis the database step hands out users for.
type redisServer struct {
	addr, password string
}

// ping logs in to Redis as user and sends PING: just enough RESP to prove
// a credential works.
func (r redisServer) ping(ctx context.Context, user, password string) error {
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", r.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return err
	}
	in := bufio.NewReader(conn)
	for _, cmd := range [][]string{{"AUTH", user, password}, {"PING"}} {
		var b strings.Builder
		fmt.Fprintf(&b, "*%d\r\n", len(cmd))
		for _, arg := range cmd {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(arg), arg)
		}
		if _, err := conn.Write([]byte(b.String())); err != nil {
			return err
		}
		line, err := in.ReadString('\n')
		if err != nil {
			return err
		}
		if line = strings.TrimSpace(line); !strings.HasPrefix(line, "+") {
			return fmt.Errorf("redis %s: %s", cmd[0], line) // never echoes the password
		}
	}
	return nil
}
