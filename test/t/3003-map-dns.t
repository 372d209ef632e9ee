#!/bin/sh
# 3003-map-dns - MX lookups (/mx), the host map ($[ $]) and the dns map
# through libresolv against a real DNS server: dnsmasq on 127.0.0.1:53 in
# private network and mount namespaces, with a bind-mounted resolv.conf
# (libresolv cannot be pointed at another port).  Ours and the real
# sendmail 8.17 must print the same.  Needs root, unshare -n -m -u and
# dnsmasq (Debian's dnsmasq-base).
test_description='maps: DNS through a real name server'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-map.sh"

map_setup

if test "$(id -u)" = 0 && command -v dnsmasq >/dev/null 2>&1 &&
   unshare -n -m -u true 2>/dev/null; then
	test_set_prereq DNS
else
	say_diag "needs root, unshare -n -m -u and dnsmasq: DNS tests skipped"
fi

printf 'nameserver 127.0.0.1\nsearch example.test\noptions attempts:1 timeout:1\n' >"$TRASH/resolv.conf"
cat >"$TRASH/dns.cf" <<EOT
V10
Dj mail.example.test
Dm example.test
O DontBlameSendmail=TrustStickyBit
Mlocal, P=/bin/true, F=lsDFMAw5:/|@qm9, S=10, R=20, A=mail.local -l
Kdmx dns -RMX
Kdmxz dns -RMX -z,
Kda dns -RA
Kdtxt dns -RTXT
Kdcn dns -RCNAME
Kdptr dns -RPTR -a.
Kdsrv dns -RSRV
Kd6 dns -RAAAA
Kdz dns -RMX -z: -Z1
Kdm dns -RMX -m
Kdd dns -RA -d5 -r2 -a!
Kdt dns -RA -T<T>
EOT
cat >"$TRASH/dns.in" <<'EOT'
/mx example.test
/mx plain.example.test
/mx onlymx.example.test
/mx nosuch.example.test
/mx plain
/mx alias.example.test
/mx [plain.example.test]
/mx [192.0.2.1]
/map host plain
/map host plain.example.test
/map host alias.example.test
/map host nosuch.example.test
/map host nosuch
/map host onlymx.example.test
/map host example.test
/map host [192.0.2.1]
/map dmx example.test
/map dmxz example.test
/map da mx1.example.test
/map da nosuch.example.test
/map da plain
/map dtxt example.test
/map dcn alias.example.test
/map dptr 1.2.0.192.in-addr.arpa
/map dsrv _sip._tcp.example.test
/map d6 v6.example.test
/map dz example.test
/map dm example.test
/map dm nosuch.example.test
/map dd mx1.example.test
/map dtxt multi.example.test
/map dt nosuch.example.test
/map d6 mx1.example.test
/mx v6.example.test
/map host v6.example.test
EOT

# dns_bt BIN OUT - BIN -bt on dns.in with dnsmasq as the only name server
dns_bt() {
	unshare -n -m -u sh -c '
		hostname mail.example.test && ip link set lo up &&
		mount --bind "$1/resolv.conf" /etc/resolv.conf || exit 1
		dnsmasq --conf-file=/dev/null --no-resolv --no-hosts --no-poll \
			--listen-address=127.0.0.1 --bind-interfaces --port=53 \
			--pid-file="$1/dnsmasq.pid" --user=root --group=root \
			--local=/test/ --local=/com/ --local=/arpa/ \
			--host-record=mx1.example.test,192.0.2.1 \
			--host-record=mx2.example.test,192.0.2.2 \
			--host-record=plain.example.test,192.0.2.9 \
			--mx-host=example.test,mx2.example.test,20 \
			--mx-host=example.test,mx1.example.test,10 \
			--mx-host=onlymx.example.test,mx1.example.test,5 \
			--cname=alias.example.test,plain.example.test \
			--txt-record=example.test,"v=spf1 -all" \
			--txt-record=multi.example.test,one,two \
			--srv-host=_sip._tcp.example.test,sip.example.test,5060,10,20 \
			--host-record=v6.example.test,2001:db8::1 || exit 1
		for i in 1 2 3 4 5 6 7 8 9 10; do test -s "$1/dnsmasq.pid" && break; sleep 0.2; done
		"$2" -bt -C "$1/dns.cf" -O QueueDirectory="$1/mqueue" \
			-O StatusFile="$1/statistics" <"$1/dns.in" >"$3" 2>&1
		kill "$(cat "$1/dnsmasq.pid")"
		exit 0
	' dns_bt "$TRASH" "$1" "$2"
}

test_expect_success DNS,BT '/mx, the host map and the dns map as sendmail' '
	dns_bt "$REAL_SENDMAIL" expect &&
	grep "^> getmxrr(example.test) returns 2 value" expect &&
	dns_bt "$SENDMAIL" actual &&
	test_cmp expect actual
'

test_expect_success BT 'no name server: "Name server timeout", tempfail' '
	printf "/map host nosuch.example.test\n/mx example.test\n" >nons.in &&
	map_bt "$REAL_SENDMAIL" "$TRASH/dns.cf" nons.in expect &&
	map_bt "$SENDMAIL" "$TRASH/dns.cf" nons.in actual &&
	test_cmp expect actual
'

test_done
