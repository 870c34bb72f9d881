# timeout: 30
# The port scan finds a listening web server, the persistence attempt
# leaves its footholds, the miner's pool receives shares, the DNS tunnel's
# resolver answers every chunk.
set -eu
mkdir www && echo hi >www/index.html
httpd -f -p 127.0.0.1:8080 -h www &
web=$!
run-attacks --pause 0 portscan persistence miner dnsexfil >out 2>&1 || { cat out; kill $web; exit 1; }
kill $web
cat out
for a in portscan persistence miner dnsexfil; do
	grep -q "^attack $a pid [0-9]*$" out
done
grep -q '127.0.0.1:8080 open' out
grep -q '1037 ports probed' out
[ -x /var/tmp/.X11-cache/sysupdate ]
grep -q sysupdate /etc/cron.d/sysupdate
grep -q sysupdate /etc/rc.local
grep -q root@c2 /root/.ssh/authorized_keys
[ "$(stat -c %Y /etc/rc.local)" -eq "$(stat -c %Y /etc/passwd)" ]
grep -Eq 'pool got ([5-9]|[1-9][0-9]+) requests' out
chunks=$(sed -n 's/^dnsexfil: sent \([0-9]*\) chunks$/\1/p' out)
[ "$chunks" -ge 5 ]
grep -q "^dnsexfil: resolver answered $((chunks + 1)) queries$" out
rm -rf /var/tmp/.X11-cache /etc/cron.d /etc/crontab /etc/rc.local \
	/etc/profile.d /etc/systemd /var/spool/cron /root/.bashrc \
	/root/.profile /root/.ssh/authorized_keys
